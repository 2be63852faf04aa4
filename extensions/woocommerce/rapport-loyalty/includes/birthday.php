<?php
/**
 * My Account > Points & rewards: the customer's birthday (month and day). Saved in Rapport
 * through the shopper API with the customer's own token (POST loyalty/birthday); Rapport lets a
 * shopper change it once in 12 months and pays birthday points on the shop's calendar day.
 *
 * @package RapportLoyalty
 */

defined( 'ABSPATH' ) || exit;

/**
 * POST JSON to a shopper API path with the customer's token.
 *
 * @param string $path  E.g. 'loyalty/birthday'.
 * @param array  $body  JSON body.
 * @param string $token The customer's token.
 * @return array ['status' => int, 'body' => array|null] (status 0: Rapport could not be reached).
 */
function rapport_loyalty_api_post( $path, $body, $token ) {
	$s        = rapport_loyalty_settings();
	$url      = $s['rapport_url'] . '/storefront/woocommerce/' . rawurlencode( $s['connection_id'] ) . '/' . ltrim( $path, '/' );
	$response = wp_remote_post(
		$url,
		array(
			'timeout' => 5,
			'headers' => array(
				'Accept'        => 'application/json',
				'Content-Type'  => 'application/json',
				'Authorization' => 'Bearer ' . $token,
			),
			'body'    => wp_json_encode( $body ),
		)
	);
	if ( is_wp_error( $response ) ) {
		return array(
			'status' => 0,
			'body'   => null,
		);
	}
	$decoded = json_decode( wp_remote_retrieve_body( $response ), true );
	return array(
		'status' => (int) wp_remote_retrieve_response_code( $response ),
		'body'   => is_array( $decoded ) ? $decoded : null,
	);
}

add_action( 'woocommerce_account_' . RAPPORT_LOYALTY_ENDPOINT . '_endpoint', 'rapport_loyalty_render_birthday', 20 );
add_action( 'template_redirect', 'rapport_loyalty_save_birthday' );

/**
 * Handles the form (post, redirect, notice).
 */
function rapport_loyalty_save_birthday() {
	if ( ! isset( $_POST['rapport_birthday_nonce'] ) || ! is_user_logged_in() ) {
		return;
	}
	if ( ! wp_verify_nonce( sanitize_text_field( wp_unslash( $_POST['rapport_birthday_nonce'] ) ), 'rapport_birthday' ) ) {
		return;
	}
	$input = rapport_loyalty_birthday_input(
		isset( $_POST['rapport_birthday_month'] ) ? sanitize_text_field( wp_unslash( $_POST['rapport_birthday_month'] ) ) : '',
		isset( $_POST['rapport_birthday_day'] ) ? sanitize_text_field( wp_unslash( $_POST['rapport_birthday_day'] ) ) : ''
	);
	if ( null === $input ) {
		wc_add_notice( __( 'That date does not exist. Check the day and month.', 'rapport-loyalty' ), 'error' );
	} else {
		$result = rapport_loyalty_api_post( 'loyalty/birthday', $input, rapport_loyalty_current_token() );
		if ( 200 === $result['status'] || 201 === $result['status'] ) {
			wc_add_notice( __( 'Your birthday is saved.', 'rapport-loyalty' ) );
		} elseif ( 409 === $result['status'] ) {
			wc_add_notice( __( 'You can change your birthday once a year.', 'rapport-loyalty' ), 'error' );
		} elseif ( 400 === $result['status'] ) {
			wc_add_notice( __( 'That date does not exist. Check the day and month.', 'rapport-loyalty' ), 'error' );
		} else {
			wc_add_notice( __( 'Your birthday could not be saved right now. Please try again later.', 'rapport-loyalty' ), 'error' );
		}
	}
	wp_safe_redirect( wc_get_account_endpoint_url( RAPPORT_LOYALTY_ENDPOINT ) );
	exit;
}

/**
 * Prints the birthday section under the points.
 */
function rapport_loyalty_render_birthday() {
	$token = rapport_loyalty_current_token();
	if ( '' === $token ) {
		return;
	}
	$current = rapport_loyalty_api_get( 'loyalty/birthday', $token );
	if ( is_wp_error( $current ) ) {
		return;
	}
	global $wp_locale;
	echo '<section class="rapport-account__birthday"><h3>' . esc_html__( 'Your birthday', 'rapport-loyalty' ) . '</h3>';
	$birthday = isset( $current['birthday'] ) ? (string) $current['birthday'] : '';
	$parts    = '' !== $birthday ? array_map( 'intval', explode( '-', $birthday ) ) : array( 0, 0 );
	if ( '' !== $birthday ) {
		/* translators: %1$s: day of the month, %2$s: month name. */
		echo '<p>' . esc_html( sprintf( __( 'Your birthday: %1$s %2$s', 'rapport-loyalty' ), number_format_i18n( $parts[1] ), $wp_locale->get_month( $parts[0] ) ) ) . '</p>';
	}
	if ( ! empty( $current['changeableFrom'] ) ) {
		$from = strtotime( (string) $current['changeableFrom'] );
		/* translators: %s: a date. */
		echo '<p>' . esc_html( sprintf( __( 'You can change it again from %s.', 'rapport-loyalty' ), $from ? date_i18n( get_option( 'date_format' ), $from ) : '' ) ) . '</p></section>';
		return;
	}
	echo '<form method="post" class="rapport-account__birthday-form">';
	wp_nonce_field( 'rapport_birthday', 'rapport_birthday_nonce' );
	echo '<label>' . esc_html__( 'Month', 'rapport-loyalty' ) . ' <select name="rapport_birthday_month" required><option value=""></option>';
	for ( $m = 1; $m <= 12; $m++ ) {
		echo '<option value="' . esc_attr( (string) $m ) . '"' . selected( $parts[0], $m, false ) . '>' . esc_html( $wp_locale->get_month( $m ) ) . '</option>';
	}
	echo '</select></label> <label>' . esc_html__( 'Day', 'rapport-loyalty' ) . ' <select name="rapport_birthday_day" required><option value=""></option>';
	for ( $d = 1; $d <= 31; $d++ ) {
		echo '<option value="' . esc_attr( (string) $d ) . '"' . selected( $parts[1], $d, false ) . '>' . esc_html( number_format_i18n( $d ) ) . '</option>';
	}
	echo '</select></label> <button type="submit" class="button">' . esc_html__( 'Save birthday', 'rapport-loyalty' ) . '</button>';
	echo '<p class="description">' . esc_html__( 'Month and day only. You can change it once a year.', 'rapport-loyalty' ) . '</p></form></section>';
}
