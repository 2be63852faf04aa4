<?php
/**
 * Calls to the Rapport shopper API (/storefront/woocommerce/<connection id>/...) from the
 * server, with the logged-in customer's token. Program rates are cached for guests and
 * members alike; a member's balance and history never are.
 *
 * @package RapportLoyalty
 */

defined( 'ABSPATH' ) || exit;

/**
 * A fresh token for the current user (empty for guests or before set-up).
 *
 * @return string
 */
function rapport_loyalty_current_token() {
	$user = wp_get_current_user();
	if ( ! $user || 0 === (int) $user->ID ) {
		return '';
	}
	$s = rapport_loyalty_settings();
	return rapport_loyalty_sign_token( $s['storefront_secret'], home_url(), (int) $user->ID, (string) $user->user_email );
}

/**
 * GET a shopper API path.
 *
 * @param string $path  E.g. 'loyalty' or 'loyalty/history'.
 * @param string $token Bearer token, or '' for a guest request.
 * @return array|WP_Error Decoded JSON.
 */
function rapport_loyalty_api_get( $path, $token = '' ) {
	if ( ! rapport_loyalty_configured() ) {
		return new WP_Error( 'rapport_not_configured', __( 'Rapport Loyalty is not set up yet.', 'rapport-loyalty' ) );
	}
	$s        = rapport_loyalty_settings();
	$url      = $s['rapport_url'] . '/storefront/woocommerce/' . rawurlencode( $s['connection_id'] ) . '/' . ltrim( $path, '/' );
	$headers  = array( 'Accept' => 'application/json' );
	if ( '' !== $token ) {
		$headers['Authorization'] = 'Bearer ' . $token;
	}
	// Short timeout: a slow Rapport must not slow the shop's pages down.
	$response = wp_remote_get(
		$url,
		array(
			'timeout' => 3,
			'headers' => $headers,
		)
	);
	if ( is_wp_error( $response ) ) {
		return $response;
	}
	$code = (int) wp_remote_retrieve_response_code( $response );
	$body = json_decode( wp_remote_retrieve_body( $response ), true );
	if ( $code < 200 || $code >= 300 || ! is_array( $body ) ) {
		return new WP_Error( 'rapport_http_' . $code, __( 'Rapport did not answer as expected.', 'rapport-loyalty' ) );
	}
	return $body;
}

/**
 * The program's earning rates (cached ten minutes).
 *
 * @return array List of ['currency' => string, 'points' => int, 'per' => string].
 */
function rapport_loyalty_rates() {
	$cached = get_transient( 'rapport_loyalty_program' );
	if ( is_array( $cached ) ) {
		return $cached;
	}
	$program = rapport_loyalty_api_get( 'loyalty' );
	$rates   = ( ! is_wp_error( $program ) && ! empty( $program['enabled'] ) && isset( $program['earning'] ) && is_array( $program['earning'] ) ) ? $program['earning'] : array();
	// A failed call is cached briefly too, so an outage is not retried on every page view.
	set_transient( 'rapport_loyalty_program', $rates, is_wp_error( $program ) ? MINUTE_IN_SECONDS : 10 * MINUTE_IN_SECONDS );
	return $rates;
}

/**
 * Points an amount earns in the shop's currency, or null when the program has no rate for it.
 *
 * @param float  $amount   Amount in major units.
 * @param string $currency ISO 4217 code.
 * @return int|null
 */
function rapport_loyalty_points_for( $amount, $currency ) {
	foreach ( rapport_loyalty_rates() as $rate ) {
		if ( isset( $rate['currency'], $rate['points'], $rate['per'] ) && strtoupper( (string) $rate['currency'] ) === strtoupper( $currency ) && (float) $rate['per'] > 0 ) {
			return (int) floor( (float) $amount / (float) $rate['per'] ) * (int) $rate['points'];
		}
	}
	return null;
}
