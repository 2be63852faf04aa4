<?php
/**
 * Plain-PHP tests of the birthday and newsletter inputs (no WordPress): exits non-zero on failure.
 * Run: php tests/test-shopper-input.php
 *      php tests/test-shopper-input.php consent yes|no UNIX -> prints the meta as JSON (the Node test
 *      feeds it to Rapport as a WooCommerce customer's meta_data)
 *
 * @package RapportLoyalty
 */

require __DIR__ . '/../includes/shopper-input.php';

if ( isset( $argv[1] ) && 'consent' === $argv[1] ) {
	echo json_encode( rapport_loyalty_consent_meta( 'yes' === $argv[2], (int) $argv[3] ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.json_encode_json_encode,WordPress.Security.EscapeOutput.OutputNotEscaped -- CLI.
	exit( 0 );
}

require __DIR__ . '/assert.php';

rapport_test_assert( array( 'month' => 3, 'day' => 21 ) === rapport_loyalty_birthday_input( '3', '21' ), 'a real date' );
rapport_test_assert( array( 'month' => 2, 'day' => 29 ) === rapport_loyalty_birthday_input( '02', '29' ), 'Feb 29 without a year' );
rapport_test_assert( null === rapport_loyalty_birthday_input( '2', '30' ), 'Feb 30 refused' );
rapport_test_assert( null === rapport_loyalty_birthday_input( '4', '31' ), 'Apr 31 refused' );
rapport_test_assert( null === rapport_loyalty_birthday_input( '13', '1' ), 'month 13 refused' );
rapport_test_assert( null === rapport_loyalty_birthday_input( '0', '1' ), 'month 0 refused' );
rapport_test_assert( null === rapport_loyalty_birthday_input( '3', '' ), 'no day refused' );
rapport_test_assert( null === rapport_loyalty_birthday_input( '3x', '1' ), 'not a number refused' );
rapport_test_assert( null === rapport_loyalty_birthday_input( array( 3 ), '1' ), 'an array refused' );

$meta = rapport_loyalty_consent_meta( true, 1764000000 );
rapport_test_assert( 'subscribed' === $meta['rapport_marketing_consent'], 'yes is subscribed' );
rapport_test_assert( '2025-11-24T16:00:00' === $meta['rapport_marketing_consent_at'], 'time in UTC without a zone, as WooCommerce writes _gmt dates' );
rapport_test_assert( 'unsubscribed' === rapport_loyalty_consent_meta( false, 0 )['rapport_marketing_consent'], 'no is unsubscribed' );

exit( $failures > 0 ? 1 : 0 );
