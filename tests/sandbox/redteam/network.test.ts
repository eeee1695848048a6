// Red team, network, with every isolation layer in place (the network namespace included where the
// host has it).
import { networkRedTeam } from './network-cases.js';

networkRedTeam('no network from the sandbox');
