/** The cookie that remembers a visitor's explicit theme choice; without it the system setting wins. */
export const themeCookieName = 'weft-theme'

export type Theme = 'light' | 'dark'

/** The theme a cookie value names, or undefined to follow the system setting. */
export function themeFromCookie(value: string | undefined): Theme | undefined {
  return value === 'light' || value === 'dark' ? value : undefined
}
