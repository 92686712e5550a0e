/// <reference types="google-apps-script" />
/** PropsPort over the document's properties, HttpPort over UrlFetchApp. */
import type { HttpPort, PropsPort } from '../ports.js';

export function gasDocumentProps(): PropsPort {
  return {
    getAll: () => PropertiesService.getDocumentProperties().getProperties(),
    setAll: (values) => void PropertiesService.getDocumentProperties().setProperties({ ...values }),
  };
}

export function gasHttp(): HttpPort {
  return {
    post(url, headers, body) {
      // muteHttpExceptions: a 401 or 500 is an answer to show, not an exception; only an unreachable host throws.
      const response = UrlFetchApp.fetch(url, {
        method: 'post',
        headers: { ...headers },
        contentType: 'application/json',
        payload: JSON.stringify(body),
        muteHttpExceptions: true,
        followRedirects: true,
      });
      return { status: response.getResponseCode(), body: response.getContentText() };
    },
    get(url, headers) {
      const response = UrlFetchApp.fetch(url, {
        method: 'get',
        headers: { ...headers },
        muteHttpExceptions: true,
        followRedirects: true,
      });
      return { status: response.getResponseCode(), body: response.getContentText() };
    },
  };
}
