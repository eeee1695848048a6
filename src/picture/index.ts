// The memory picture: graph → DOT → layout (Graphviz wasm) → PNG (resvg), in a child process. Platform-free.
export { createPictureRenderer, hasPicture, type Picture, type PictureRenderer, type PictureResult, type RendererOptions } from './renderer.js';
export { describeGraph, type PictureText } from './describe.js';
export { drawNamesAsText } from './drawing.js';
export { graphToDot, type Direction } from './dot.js';
export { pictureMaker } from './maker.js';
