import { secretLooking } from '../../lib/validate/policy-secrets';

describe('secretLooking', () => {
  // One value of each credential shape: a prefilter in front of the patterns must let each through.
  test.each([
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE...', 'a private key'],
    ['-----BEGIN PRIVATE KEY-----', 'a private key'],
    ['AKIAIOSFODNN7EXAMPLE', 'an AWS access key id'],
    ['id ASIAIOSFODNN7EXAMPLE here', 'an AWS access key id'],
    [`ghp_${'a'.repeat(36)}`, 'a GitHub token'],
    ['xoxb-1234567890-abc', 'a Slack token'],
    [`sk_live_${'A1'.repeat(8)}`, 'a Stripe secret key'],
    ['postgres://app:hunter2@db:5432/app', 'a URL with a password'],
  ])('the value %j looks like %s, whatever its key', (value, what) => {
    expect(secretLooking('NOTES', value)).toBe(`the value looks like ${what}`);
  });

  test.each([
    'http://svc-2:8080',
    'https://example.com/path',
    'AKIA',
    'ghp_short',
    'sk_test_abcdefghijklmnop',
    'mailto:a@b',
  ])('the value %j under a harmless key is fine', (value) => {
    expect(secretLooking('UPSTREAM_URL', value)).toBeUndefined();
  });

  test.each(['DB_PASSWORD', 'apiKey', 'API_KEY', 'authToken', 'client_secret', 'PRIVATE_KEY'])(
    'the key %s names a credential',
    (key) => {
      expect(secretLooking(key, 'p4ss')).toBe(
        `the key ${JSON.stringify(key)} names a credential and holds a literal value`,
      );
      // Asked again: the same answer (the key's analysis is remembered).
      expect(secretLooking(key, 'other')).toBe(
        `the key ${JSON.stringify(key)} names a credential and holds a literal value`,
      );
    },
  );

  test.each([
    ['PASSWORD_FILE', 'x'],
    ['TOKEN_TTL', '300'],
    ['SECRET_NAME', 'db'],
    ['API_KEY', 'true'],
    ['PASSWORD', '12345'],
    ['PASSWORD', '${DB_PASSWORD}'],
    ['TOKEN', '{{ .Values.token }}'],
    ['KEY', '/etc/secret/key'],
    ['PASSWORD', '   '],
    ['PASSWORD', 42],
    ['LOG_LEVEL', 'debug'],
  ])('%s = %j is not reported', (key, value) => {
    expect(secretLooking(key, value)).toBeUndefined();
  });
});
