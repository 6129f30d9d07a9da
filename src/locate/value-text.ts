/**
 * What a table cell's text is, as reports print values: a blank, a number (１２, 1,234, 3件, 12.5万元, 22（其中修订16件）)
 * or a zero written as —, -, /, 无. One definition for every reader: the report-text reader binds values by it, and
 * number conservation (grids and text alike) counts as a printed number what it calls one.
 */
import { isZeroWord } from '../normalize';

const VALUE = /^[-+−]?[0-9０-９][0-9０-９,，.．]*\s*(万元|元|件|个|项|次|条|家|人)?\s*([（(][^（）()]*[）)])?$/;
const DIGIT = /[0-9０-９]/;

/** A value cell: blank, a number, or a zero written as —, -, /, 无 (normalize.ts reads them all, as in a grid). */
export function isValueText(text: string): boolean {
  return text === '' || VALUE.test(text) || isZeroWord(text);
}

/** A number as a table prints one: a value with a digit in it (not a blank, nor a zero written —, /, 无). */
export function isNumberText(text: string): boolean {
  return DIGIT.test(text) && isValueText(text);
}
