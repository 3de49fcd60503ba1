import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { BackupInfo, BackupList } from '../../../../shared/domain/workspace';
import { RecoveryPanel } from './RecoveryPanel';

const backup = (name: string, over: Partial<BackupInfo> = {}): BackupInfo => ({
  name,
  path: `/data/backups/portfolio-ab12/${name}`,
  createdAt: '2026-11-01T08:00:00.000Z',
  sizeBytes: 1_900_000,
  ok: true,
  problem: null,
  initiativeCount: 40,
  schemaVersion: 9,
  ...over,
});

const list = (backups: BackupInfo[]): BackupList => ({
  portfolioPath: '/data/portfolio.flightdeck',
  folder: '/data/backups/portfolio-ab12',
  backups,
  newestGood: backups.find((b) => b.ok === true) ?? null,
});

const render = (l: BackupList) =>
  renderToStaticMarkup(<RecoveryPanel path={l.portfolioPath} lookup={{ state: 'done', list: l }} />);

describe('RecoveryPanel', () => {
  it('preselects the newest good backup and marks a damaged newer one as not selectable', () => {
    const damaged = backup('20261101T090000000Z.flightdeck', {
      ok: false,
      problem: 'Page 3 is <b>unreadable</b>',
      initiativeCount: null,
    });
    const good = backup('20261101T080000000Z.flightdeck');
    const html = render(list([damaged, good]));
    const choice = (name: string) => new RegExp(`<input type="radio"[^>]*value="${name.replace(/\./g, '\\.')}"[^>]*>`);
    const goodInput = choice(good.name).exec(html)?.[0] ?? '';
    const badInput = choice(damaged.name).exec(html)?.[0] ?? '';
    expect(goodInput).toContain('checked');
    expect(goodInput).not.toContain('disabled');
    expect(badInput).toContain('disabled');
    expect(badInput).not.toContain('checked');
    expect(html).toContain('Newest good');
    expect(html).toContain('40 initiatives');
    // The problem is text, never markup.
    expect(html).toContain('Page 3 is &lt;b&gt;unreadable&lt;/b&gt;');
    expect(html).not.toContain('<b>unreadable</b>');
    // Damaged newer backups explain why the offered one is not the latest: open unasked.
    expect(html).toMatch(/<details class="other-backups" open/);
    expect(html).toContain('never overwritten or deleted');
    expect(html).not.toMatch(/data-testid="recovery-restore"[^>]*disabled/);
  });

  it('offers nothing to restore when every backup is damaged', () => {
    const html = render(list([backup('20261101T090000000Z.flightdeck', { ok: false, problem: 'Truncated' })]));
    expect(html).toContain('None of the backups passed the check');
    expect(html).toMatch(/<button[^>]*disabled[^>]*data-testid="recovery-restore"/);
  });

  it('says when there are no backups and where it looked', () => {
    const html = render(list([]));
    expect(html).toContain('data-testid="recovery-none"');
    expect(html).toContain('There are no backups of');
    expect(html).toContain('/data/backups/portfolio-ab12');
    expect(html).not.toContain('recovery-restore');
  });

  it('shows a failed lookup as an error, not as "no backups"', () => {
    const html = renderToStaticMarkup(
      <RecoveryPanel path="/data/p.flightdeck" lookup={{ state: 'error', message: 'Permission denied' }} />,
    );
    expect(html).toContain('Could not look for backups: Permission denied');
    expect(html).not.toContain('recovery-none');
  });
});
