/**
 * The Kubernetes resource quantity grammar (`resource.Quantity`), checked in one place:
 *
 * ```
 * <quantity> ::= <signedNumber><suffix>
 * <suffix>   ::= <binarySI> | <decimalExponent> | <decimalSI>
 * <binarySI> ::= Ki | Mi | Gi | Ti | Pi | Ei
 * <decimalSI>::= n | u | m | "" | k | M | G | T | P | E
 * <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
 * ```
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

// The grammar, the parser and the suggestions live in model/ (the core checks quantities too).
export { BINARY, isQuantity, parseQuantity, QUANTITY_GRAMMAR, quantityError, quantityFix } from '../model/quantity';
