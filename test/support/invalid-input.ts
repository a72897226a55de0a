import { InvalidInputError } from '../../lib';

/** The InvalidInputError `fn` throws (the test fails when it throws nothing or another error). */
export function thrownInvalidInput(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return e as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}
