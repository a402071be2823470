import { randomInt } from 'node:crypto';

/**
 * Join-code alphabet: upper-case letters and digits without the look-alikes 0/O and 1/I/L, so a code
 * read aloud or copied from a projector is typed right. The migration that created join codes for
 * existing classes uses the same alphabet.
 */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 8;

/** A new random join code (8 characters, ~39 bits from node:crypto), e.g. "K7Q2MZPA". */
export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** A typed code normalised for lookup: trimmed, upper-cased, spaces and dashes removed. */
export function normaliseJoinCode(typed: string): string {
  return typed.trim().toUpperCase().replace(/[\s-]+/g, '');
}
