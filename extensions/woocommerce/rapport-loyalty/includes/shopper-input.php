<?php
/**
 * Plain-PHP checks and values for the shopper's own birthday and newsletter opt-in (no WordPress
 * calls, so tests/test-shopper-input.php can run them alone). Rapport validates again.
 *
 * @package RapportLoyalty
 */

if ( ! defined( 'RAPPORT_LOYALTY_CONSENT_META' ) ) {
	// Read by Rapport from the customer's REST meta_data (src/platforms/woocommerce/normalise.ts).
	define( 'RAPPORT_LOYALTY_CONSENT_META', 'rapport_marketing_consent' );
	define( 'RAPPORT_LOYALTY_CONSENT_AT_META', 'rapport_marketing_consent_at' );
}

/**
 * A birthday from form input: month 1-12 and a day that exists in that month (Feb 29 allowed).
 *
 * @param mixed $month Posted month.
 * @param mixed $day   Posted day.
 * @return array|null ['month' => int, 'day' => int], or null when it is not a date.
 */
function rapport_loyalty_birthday_input( $month, $day ) {
	if ( ! is_scalar( $month ) || ! is_scalar( $day ) || ! preg_match( '/^\d{1,2}$/', (string) $month ) || ! preg_match( '/^\d{1,2}$/', (string) $day ) ) {
		return null;
	}
	$m    = (int) $month;
	$d    = (int) $day;
	$days = array( 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 );
	if ( $m < 1 || $m > 12 || $d < 1 || $d > $days[ $m - 1 ] ) {
		return null;
	}
	return array(
		'month' => $m,
		'day'   => $d,
	);
}

/**
 * The customer meta that records a newsletter decision, with its time in UTC (WooCommerce's
 * `_gmt` style, no zone designator): Rapport keeps the newest decision and pays newsletter points
 * once per customer, ever.
 *
 * @param bool $subscribed Whether the customer said yes.
 * @param int  $now        Unix time of the decision.
 * @return array Meta key => value.
 */
function rapport_loyalty_consent_meta( $subscribed, $now ) {
	return array(
		RAPPORT_LOYALTY_CONSENT_META    => $subscribed ? 'subscribed' : 'unsubscribed',
		RAPPORT_LOYALTY_CONSENT_AT_META => gmdate( 'Y-m-d\TH:i:s', (int) $now ),
	);
}
