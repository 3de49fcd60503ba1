import { Component, type ReactNode } from 'react';

/**
 * A chart that fails to draw says so in its place instead of taking the whole window down with it: echarts
 * runs our formatters inside setOption, so one bad label would otherwise unmount the app. (React logs
 * the caught error to the console itself.)
 */
export class ChartBoundary extends Component<{ children: ReactNode; resetKey?: string }, { error: string | null }> {
  override state: { error: string | null } = { error: null };

  static getDerivedStateFromError(e: unknown): { error: string } {
    return { error: e instanceof Error ? e.message : String(e) };
  }

  override componentDidUpdate(prev: { resetKey?: string }) {
    // Another metric is another chart: give it its chance.
    if (prev.resetKey !== this.props.resetKey && this.state.error !== null) this.setState({ error: null });
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <p role="alert" className="form-error" data-testid="chart-failed">
        Could not draw this chart: {this.state.error}
      </p>
    );
  }
}
