/**
 * What each running `herald run` (and each Discord shard process) last said about its chat
 * connections, so that `/status` in any instance and `herald status` on the command line show
 * them. Platform-free: a connection is a name and a state. Each process writes its own report at
 * every change and once a minute, and removes it when it stops; a report that has not been renewed
 * for a few minutes belongs to a process that died and is not shown.
 */

import { byCodeUnits } from '../code-unit-order.js';
import type { KeyValueStore } from './key-value-store.js';

export type ChatConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'stopped';

export interface ChatConnectionState {
  /** As an admin would name it: "Discord gateway", "Slack Socket Mode". */
  name: string;
  status: ChatConnectionStatus;
  /** ISO time of the last change of status. */
  since: string;
  /** Why the last attempt failed or the connection was lost. */
  lastError?: string;
  /** ISO time of the next attempt, while failed. */
  retryAt?: string;
  /** Attempts that failed in a row. */
  failures: number;
}

export interface ConnectionReport {
  /** `host:pid` of the process. */
  instance: string;
  reportedAt: string;
  connections: ChatConnectionState[];
}

/** A report older than this belongs to a process that stopped without removing it. */
export const REPORT_FRESH_MS = 3 * 60_000;

export class ConnectionReportRepository {
  constructor(private readonly reports: KeyValueStore<ConnectionReport>) {}

  save(report: ConnectionReport): Promise<void> {
    return this.reports.set(report.instance, report);
  }

  remove(instance: string): Promise<void> {
    return this.reports.delete(instance);
  }

  /** Reports renewed within REPORT_FRESH_MS of `now`, by instance. */
  async fresh(now: Date): Promise<ConnectionReport[]> {
    const reports: ConnectionReport[] = [];
    for await (const [, report] of this.reports.entries()) {
      if (now.getTime() - Date.parse(report.reportedAt) <= REPORT_FRESH_MS) reports.push(report);
    }
    return reports.sort((a, b) => byCodeUnits(a.instance, b.instance));
  }
}
