import { describe, expect, it } from 'vitest';
import { chooseWebhookUrl, isPrivateHost } from '../../src/setup/webhook-url.js';

const PATH = '/api/github/webhooks';

describe('the webhook the manifest registers', () => {
  it('is the smee channel when WEBHOOK_PROXY_URL is set (smee-client forwards it to WEBHOOK_PATH)', () => {
    expect(chooseWebhookUrl({ proxyUrl: 'https://smee.io/AbC123', pageBaseUrl: 'http://localhost:3000', webhookPath: PATH }))
      .toEqual({ url: 'https://smee.io/AbC123', via: 'WEBHOOK_PROXY_URL' });
  });

  it('ends in WEBHOOK_PATH behind PUBLIC_URL', () => {
    expect(chooseWebhookUrl({ publicUrl: 'https://doctor.example.com/', pageBaseUrl: 'http://localhost:3000', webhookPath: PATH }))
      .toEqual({ url: 'https://doctor.example.com/api/github/webhooks', via: 'PUBLIC_URL' });
    expect(chooseWebhookUrl({ publicUrl: 'https://example.com/doctor', pageBaseUrl: 'http://localhost:3000', webhookPath: '/hooks' }))
      .toEqual({ url: 'https://example.com/doctor/hooks', via: 'PUBLIC_URL' });
  });

  it('uses the page address when the page was opened through a public host', () => {
    expect(chooseWebhookUrl({ pageBaseUrl: 'https://doctor.example.com', webhookPath: PATH }))
      .toEqual({ url: 'https://doctor.example.com/api/github/webhooks', via: 'page address' });
  });

  it('is none on localhost without WEBHOOK_PROXY_URL or PUBLIC_URL, never http://localhost:3000/', () => {
    expect(chooseWebhookUrl({ pageBaseUrl: 'http://localhost:3000', webhookPath: PATH })).toEqual({
      url: null,
      problem: 'this page was opened at http://localhost:3000, which GitHub cannot reach, and neither WEBHOOK_PROXY_URL nor PUBLIC_URL is set',
    });
  });

  it.each([
    [{ proxyUrl: 'smee.io/x' }, 'WEBHOOK_PROXY_URL=smee.io/x is not an https URL: set a channel such as https://smee.io/AbC123'],
    [{ publicUrl: 'http://192.168.1.5:3000' }, 'PUBLIC_URL=http://192.168.1.5:3000 is a local or private address that GitHub cannot reach'],
    [{ publicUrl: 'doctor.example.com' }, 'PUBLIC_URL=doctor.example.com is not an http(s) URL: set e.g. https://doctor.example.com'],
  ])('%j is refused, naming the variable', (env, problem) => {
    expect(chooseWebhookUrl({ ...env, pageBaseUrl: 'https://doctor.example.com', webhookPath: PATH })).toEqual({ url: null, problem });
  });

  it.each([
    ['localhost', true], ['127.0.0.1', true], ['10.1.2.3', true], ['172.20.0.4', true], ['192.168.0.10', true],
    ['169.254.169.254', true], ['[::1]', true], ['runner-doctor', true], ['box.local', true],
    ['doctor.example.com', false], ['fcdn.example.com', false], ['8.8.8.8', false], ['172.32.0.1', false],
  ])('isPrivateHost(%s) is %s', (host, expected) => {
    expect(isPrivateHost(host)).toBe(expected);
  });
});
