/**
 * Every figure and date is written in one locale, on the server and in the browser alike: the
 * server cannot know the reader's locale, and a page whose server HTML and first client render
 * differ fails hydration. Moments meant for the reader's clock are rendered in the browser only.
 */
export const FORMAT_LOCALE = 'en-US'
