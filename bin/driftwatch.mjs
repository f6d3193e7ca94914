#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx driftwatch` works right after `npm ci`
// with no build step; the Lambdas get the same code bundled by esbuild instead.
import { register } from 'tsx/esm/api';

register();
await import('./driftwatch.ts');
