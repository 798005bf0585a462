export { createGraphGateway, type GraphGateway, type GraphGatewayOptions } from './gateway';
export { isValidPartnerId, partnerIdSegment } from './partner-id';
export { kindForStatus, parseRetryAfter } from './errors';
export { createAppPartnerReader } from './app-partner-reader';
