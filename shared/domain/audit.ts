/** One field of a record as it was before and after an audited change (null: absent or empty). */
export interface AuditFieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** One entry of an initiative's timeline, newest first. */
export interface AuditTimelineEntry {
  seq: number;
  at: string;
  actor: string;
  /** 'initiative.create' | 'initiative.update' | 'initiative.delete' | 'undo' | 'redo' | ... */
  action: string;
  /** What the user did, in the words of the undo menu ("Move to Pilot", "Edit “Claims triage”"). */
  label: string;
  changes: AuditFieldChange[];
}
