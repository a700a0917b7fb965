import type { TopicHandler } from '../types.js';

/**
 * The side effect of a topic runs in the API, which owns the database: the handler hands the
 * delivery over and returns the API's answer as it is.
 */
export const forwardToApi: TopicHandler = (input, { api, signal }) => api.runTopic(input, { signal });
