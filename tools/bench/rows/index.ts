import type { BenchRow } from '../types';
import { auditRows } from './audit';
import { connectionRows } from './connections';
import { coreRows } from './core';
import { crashRows } from './crash';
import { importRows } from './import';
import { metricsRows } from './metrics';
import { packRows } from './packs';
import { reliabilityRows } from './reliability';
import { rendererRows } from './renderer';
import { roiRows } from './roi';
import { riskRegisterRows } from './riskRegister';
import { riskRows } from './risks';
import { seriesChartRows } from './seriesChart';
import { signalRows } from './signals';

/**
 * Every row of the bench table, in print order. To add a figure: write a module in this folder that
 * exports BenchRow[] and list it here (static imports, so the bundle-free runner needs no folder scan).
 */
export const ALL_ROWS: readonly BenchRow[] = [
  ...coreRows,
  ...auditRows,
  ...signalRows,
  ...roiRows,
  ...riskRows,
  ...riskRegisterRows,
  ...connectionRows,
  ...importRows,
  ...packRows,
  ...reliabilityRows,
  ...crashRows,
  ...metricsRows,
  ...rendererRows,
  ...seriesChartRows,
];
