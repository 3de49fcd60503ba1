import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { OpenFailed } from '../setup/OpenFailed';

const render = (reason: Parameters<typeof OpenFailed>[0]['reason'], message = 'SQLite said so') =>
  renderToStaticMarkup(<OpenFailed path="/data/portfolio.flightdeck" reason={reason} message={message} />);

describe('OpenFailed', () => {
  it('offers a restore for damage before the backup list has even arrived', () => {
    for (const reason of ['CORRUPT', 'NOT_SQLITE', 'MIGRATION_FAILED'] as const) {
      const html = render(reason);
      expect(html, reason).toContain('data-testid="recovery-loading"');
      expect(html, reason).not.toContain('data-testid="failed-retry"');
    }
  });

  it('says a failed upgrade left the file as it was', () => {
    const html = render('MIGRATION_FAILED');
    expect(html).toContain('data-testid="failed-migration"');
    expect(html).toContain('It was left unchanged.');
  });

  it('offers Try again, with the core’s message, and no restore for a file in use', () => {
    const html = render('LOCKED', 'The file is in use by another Flightdeck window.');
    expect(html).toContain('data-testid="failed-retry"');
    expect(html).toContain('The file is in use by another Flightdeck window.');
    expect(html).not.toContain('recovery');
  });

  it('never offers to replace a healthy file from a newer version', () => {
    const html = render('TOO_NEW');
    expect(html).not.toContain('recovery');
    expect(html).not.toContain('failed-retry');
  });

  it('shows hostile text from the path or message as text', () => {
    const html = renderToStaticMarkup(
      <OpenFailed
        path={'/data/<img src=x onerror=alert(1)>.flightdeck'}
        reason="LOCKED"
        message="<script>x()</script>"
      />,
    );
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;x()&lt;/script&gt;');
  });
});
