import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIpAddress, privateAddressKind, refusedWebhookHost } from './target.ts';

test('addresses that are not globally reachable are named; public ones pass', () => {
  const cases: [string, string | undefined][] = [
    ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback'], ['10.20.30.40', 'private'], ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'], ['192.168.1.1', 'private'], ['169.254.169.254', 'link-local'], ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['0.0.0.0', '"this network"'], ['224.0.0.251', 'multicast'], ['255.255.255.255', 'reserved'], ['198.18.0.1', 'benchmarking'],
    ['::1', 'loopback'], ['::', 'unspecified'], ['[::1]', 'loopback'], ['fe80::1%eth0', 'link-local'], ['fd12:3456::1', 'unique local'],
    ['ff02::1', 'multicast'], ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['64:ff9b::a00:1', 'private'],
    ['8.8.8.8', undefined], ['172.32.0.1', undefined], ['100.128.0.1', undefined], ['192.169.0.1', undefined],
    ['2001:4860:4860::8888', undefined], ['::ffff:8.8.8.8', undefined], ['example.com', undefined], ['1.2.3.256', undefined], ['fe80::a1.2.3.4', undefined],
  ];
  for (const [ip, kind] of cases) assert.equal(privateAddressKind(ip), kind, ip);
  assert.ok(isIpAddress('[2001:db8::1]') && isIpAddress('1.2.3.4') && !isIpAddress('example.com') && !isIpAddress('1:2:3'));
});

test('webhook URLs are judged by the host the URL parser sees (numeric and hex IPv4 forms included)', () => {
  for (const url of ['http://localhost:8787/', 'http://LOCALHOST./x', 'https://api.localhost/x', 'http://2130706433/', 'http://0x7f.1/', 'http://[::ffff:127.0.0.1]/', 'http://169.254.169.254/latest']) {
    assert.ok(refusedWebhookHost(url), url);
  }
  for (const url of ['https://hooks.example.com/x', 'http://8.8.8.8/', 'https://[2606:4700::1111]/', 'https://localhost.example.com/']) {
    assert.equal(refusedWebhookHost(url), undefined, url);
  }
  assert.equal(refusedWebhookHost('http://10.0.0.8:9000/'), '10.0.0.8 is a private address');
});
