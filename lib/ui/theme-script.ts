import { themeCookieName } from './theme-cookie'

/**
 * A few bytes of script run in <head> before the body paints: they put the theme a visitor chose
 * (its cookie) on <html>, so a page rendered once for everyone (the anonymous marketplace) shows
 * each visitor's theme without a flash. Pages rendered per request set the same class on the server.
 */
export const themeScript = `try{var m=document.cookie.match(/(?:^|; )${themeCookieName}=(light|dark)(?:;|$)/);if(m)document.documentElement.classList.add(m[1])}catch(e){}`
