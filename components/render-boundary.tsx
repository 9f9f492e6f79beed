'use client'

import { Component, type ReactNode } from 'react'

type RenderBoundaryProps = {
  children: ReactNode
  fallback: ReactNode
  onError?: (error: unknown) => void
}

/**
 * Contains a render error (a wallet chunk that failed to download, a connector that threw) to the
 * widget it broke, instead of letting it take down the page. React itself reports the error.
 */
export class RenderBoundary extends Component<RenderBoundaryProps, { failed: boolean }> {
  state = { failed: false }

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true }
  }

  componentDidCatch(error: unknown): void {
    this.props.onError?.(error)
  }

  render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children
  }
}
