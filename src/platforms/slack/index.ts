/** What the composition root needs from the Slack adapter; everything else stays internal. */
export { checkSlackAppSettings, type SlackAppHandle, type SlackAppOptions, startSlackApp } from './app.js';
export { PRODUCTION_RETRY } from './client-options.js';
export { isPermanentSlackError, SlackDeliveryError, SlackSetupError } from './errors.js';
export {
  createSlackPoster,
  DELIVERY_EVENT_TYPE,
  type SlackPoster,
  type SlackPosterOptions,
} from './web-poster.js';
