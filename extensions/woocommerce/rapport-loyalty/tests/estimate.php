<?php
/**
 * Runs includes/earn-rule.php outside WordPress for the repository's comparison with the server
 * (test/integration/woocommerce-plugin-earn.test.ts).
 * Reads JSON on stdin: {"rule": <GET /loyalty/earning answer>, "currency": "PKR", "now": <unix>,
 * "carts": [{"lines": [{"product_id", "variation_id", "total"}], "shipping", "tax"}]}, with amounts
 * as JSON numbers (PHP floats, as a WooCommerce cart holds them). Prints a JSON list of points
 * (null where nothing would be shown).
 *
 * @package RapportLoyalty
 */

require __DIR__ . '/../includes/earn-rule.php';

$input = json_decode( (string) file_get_contents( 'php://stdin' ), true ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- CLI.
if ( ! is_array( $input ) || ! isset( $input['carts'] ) || ! is_array( $input['carts'] ) ) {
	fwrite( STDERR, "expected {rule, currency, now, carts}\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite
	exit( 2 );
}
$out = array();
foreach ( $input['carts'] as $cart ) {
	$out[] = rapport_loyalty_estimate_points( $input['rule'], (string) $input['currency'], $cart['lines'], (float) $cart['shipping'], (float) $cart['tax'], (int) $input['now'] );
}
echo json_encode( $out ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped, WordPress.WP.AlternativeFunctions.json_encode_json_encode -- CLI.
