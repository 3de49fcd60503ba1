import { describe, expect, it } from 'vitest';
import { noDialogs } from '../core/ports';
import { PENDING_TTL_MS, PendingOpen, portfolioPathFromArgv, withPendingOpen } from './open-requests';

describe('portfolioPathFromArgv', () => {
  it('finds the portfolio argument and resolves it against the launch folder', () => {
    expect(portfolioPathFromArgv(['/opt/Flightdeck/flightdeck', '/home/a/Q3.flightdeck'], '/x')).toBe(
      '/home/a/Q3.flightdeck',
    );
    expect(portfolioPathFromArgv(['electron', '.', 'plans/Q3.FLIGHTDECK'], '/home/a')).toBe(
      '/home/a/plans/Q3.FLIGHTDECK',
    );
  });
  it('ignores flags, other files and a missing argument', () => {
    expect(portfolioPathFromArgv(['flightdeck', '--user-data-dir=/x.flightdeck', 'notes.txt'], '/')).toBeNull();
    expect(portfolioPathFromArgv(['flightdeck'], '/')).toBeNull();
  });
});

describe('PendingOpen and withPendingOpen', () => {
  it('answers the next open question once, then falls back to the real dialog', async () => {
    const pending = new PendingOpen();
    const dialogs = withPendingOpen(
      { ...noDialogs, chooseOpenPath: () => Promise.resolve('/from/dialog.flightdeck') },
      pending,
    );
    pending.set('/from/os.flightdeck');
    expect(pending.hasPending).toBe(true);
    await expect(dialogs.chooseOpenPath()).resolves.toBe('/from/os.flightdeck');
    await expect(dialogs.chooseOpenPath()).resolves.toBe('/from/dialog.flightdeck');
    await expect(dialogs.chooseSavePath({ title: 't', defaultName: 'd' })).resolves.toBeNull();
  });
  it('drops a request nobody acted on in time', () => {
    let t = 1000;
    const pending = new PendingOpen(() => t);
    pending.set('/late.flightdeck');
    t += PENDING_TTL_MS + 1;
    expect(pending.hasPending).toBe(false);
    expect(pending.take()).toBeNull();
  });
});
