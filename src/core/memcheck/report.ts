// The memory report contract as the core sees it: types only. The sandbox owns the zod schema
// (sandbox/report.ts) because it parses what its children send; this is the one file in src/core
// allowed to name sandbox/, and only with `import type` (see docs/ARCHITECTURE.md, "Layers").
export type { MemoryReport, ReportStatus, VariableReport, Hint, ReportError } from '../../../sandbox/index.js';
export type { StepTrace, Step, StepChange, StepFrame, StepName } from '../../../sandbox/index.js';
