<?php
/**
 * Storefront: the Rapport widget script with the shopper's token, and "earn X points" on
 * product and cart pages. Guests are told how to join.
 *
 * @package RapportLoyalty
 */

defined( 'ABSPATH' ) || exit;

add_action(
	'wp_enqueue_scripts',
	static function () {
		wp_enqueue_style( 'rapport-loyalty', RAPPORT_LOYALTY_URL . 'assets/rapport-loyalty.css', array(), RAPPORT_LOYALTY_VERSION );
		$s = rapport_loyalty_settings();
		if ( ! rapport_loyalty_configured() || '' === $s['widget_url'] ) {
			return;
		}
		wp_enqueue_script(
			'rapport-loyalty-widget',
			$s['widget_url'],
			array(),
			RAPPORT_LOYALTY_VERSION,
			array(
				'in_footer' => true,
				'strategy'  => 'defer',
			)
		);
		$config = array(
			'apiBase'  => $s['rapport_url'] . '/storefront/woocommerce/' . rawurlencode( $s['connection_id'] ),
			// Minted per page view and short-lived; pages with it must not be cached for others
			// (page caches skip logged-in users). tokenUrl gives a fresh one when it runs out.
			'token'    => rapport_loyalty_current_token(),
			'tokenUrl' => is_user_logged_in() ? esc_url_raw( rest_url( 'rapport-loyalty/v1/token' ) ) : '',
			'nonce'    => is_user_logged_in() ? wp_create_nonce( 'wp_rest' ) : '',
			'locale'   => determine_locale(),
			'rtl'      => rapport_loyalty_is_rtl(),
			'currency' => function_exists( 'get_woocommerce_currency' ) ? get_woocommerce_currency() : '',
			'joinUrl'  => function_exists( 'wc_get_page_permalink' ) ? wc_get_page_permalink( 'myaccount' ) : wp_registration_url(),
		);
		wp_add_inline_script( 'rapport-loyalty-widget', 'window.RapportLoyalty = ' . wp_json_encode( $config ) . ';', 'before' );
	}
);

add_action(
	'rest_api_init',
	static function () {
		register_rest_route(
			'rapport-loyalty/v1',
			'/token',
			array(
				'methods'             => 'GET',
				'callback'            => static function () {
					return array( 'token' => rapport_loyalty_current_token() );
				},
				// The REST cookie check needs the wp_rest nonce, so another site cannot fetch it.
				'permission_callback' => 'is_user_logged_in',
			)
		);
	}
);

/**
 * Prints the "earn X points" line.
 *
 * @param int|null $points Points from rapport_loyalty_cart_points() or rapport_loyalty_product_points().
 */
function rapport_loyalty_print_earn( $points ) {
	if ( null === $points || $points <= 0 ) {
		return;
	}
	echo '<p class="rapport-earn">' . esc_html( rapport_loyalty_earn_text( $points ) );
	if ( ! is_user_logged_in() ) {
		echo ' <a class="rapport-earn__join" href="' . esc_url( wc_get_page_permalink( 'myaccount' ) ) . '">' . esc_html__( 'Create an account or log in to collect them.', 'rapport-loyalty' ) . '</a>';
	}
	echo '</p>';
}

/**
 * "Earn 12 points with this purchase." in the shopper's language.
 *
 * @param int $points Points.
 * @return string
 */
function rapport_loyalty_earn_text( $points ) {
	/* translators: %s: number of points */
	return sprintf( _n( 'Earn %s point with this purchase.', 'Earn %s points with this purchase.', $points, 'rapport-loyalty' ), number_format_i18n( $points ) );
}

add_action(
	'woocommerce_single_product_summary',
	static function () {
		global $product;
		if ( $product instanceof WC_Product ) {
			rapport_loyalty_print_earn( rapport_loyalty_product_points( $product ) );
		}
	},
	25
);

// The classic cart (the [woocommerce_cart] shortcode). The Cart and Checkout blocks: includes/blocks.php.
add_action(
	'woocommerce_before_cart_totals',
	static function () {
		rapport_loyalty_print_earn( rapport_loyalty_cart_points() );
	}
);

/**
 * Whether the shopper reads right to left. WordPress's Punjabi (Pakistan) locale does not mark
 * itself RTL, but Shahmukhi is written right to left, like Urdu.
 *
 * @return bool
 */
function rapport_loyalty_is_rtl() {
	return is_rtl() || in_array( determine_locale(), array( 'ur', 'pa_PK' ), true );
}
