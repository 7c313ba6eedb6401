import { describe, expect, it } from 'vitest';
import { sampleTemplateContext } from '../../core/templates/template-context.js';
import { createTemplateRenderer, MESSAGE_RENDER_LIMIT_MS } from './liquid-renderer.js';

const context = sampleTemplateContext('en');

describe('render limits', () => {
  it('stops a template that includes itself at the depth limit, naming the place, and renders the next message', () => {
    const renderer = createTemplateRenderer({
      'loop.en': '--- text\nAgain:\n{% include "_echo.en" %}',
      '_echo.en': 'echo {% include "loop.en" %}',
      'plain.en': '--- text\nHello {{ customer.name }}',
    });
    expect(() => renderer.render('loop', 'en', context, 'sms')).toThrow(/^loop\.en\.liquid:3:1: templates include one another more than 10 deep; a template that includes itself never ends$/);
    expect(renderer.render('plain', 'en', context, 'sms').text).toBe(`Hello ${context.customer.name}`);
  });

  it('stops a message that renders for too long', () => {
    const renderer = createTemplateRenderer({ 'slow.en': '--- text\n{% for i in (1..5000) %}{% for j in (1..5000) %}{{ j }}{% endfor %}{% endfor %}' });
    const started = performance.now();
    expect(() => renderer.render('slow', 'en', context, 'sms')).toThrow(/^slow\.en\.liquid:2:\d+: the message took longer than 2 s to render$/);
    expect(performance.now() - started).toBeLessThan(MESSAGE_RENDER_LIMIT_MS + 1_000);
  });
});
