<?php
/**
 * The Cart and Checkout blocks (WooCommerce's default cart and checkout since 8.3) never run the
 * classic woocommerce_before_cart_totals hook. There the cart's earn figure travels in the Store
 * API cart response (extensions.rapport-loyalty, computed by the same PHP as the classic cart,
 * includes/earn-rule.php) and assets/rapport-loyalty-blocks.js shows it in the blocks' order
 * summary (the ExperimentalOrderMeta slot), updating with every cart change.
 *
 * @package RapportLoyalty
 */

defined( 'ABSPATH' ) || exit;

/**
 * The cart's extension data for the Store API.
 *
 * @return array{points: int|null, text: string, logged_in: bool}
 */
function rapport_loyalty_store_api_cart_data() {
	$points = rapport_loyalty_configured() ? rapport_loyalty_cart_points() : null;
	return array(
		'points'    => null === $points ? null : (int) $points,
		// number_format_i18n: the same digits and grouping as the classic cart shows.
		'formatted' => null === $points ? '' : number_format_i18n( $points ),
		'logged_in' => is_user_logged_in(),
	);
}

/**
 * The schema of that data.
 *
 * @return array
 */
function rapport_loyalty_store_api_cart_schema() {
	return array(
		'points'    => array(
			'description' => __( 'Points this cart earns, or null when the loyalty program has no rate for it.', 'rapport-loyalty' ),
			'type'        => array( 'integer', 'null' ),
			'context'     => array( 'view', 'edit' ),
			'readonly'    => true,
		),
		'formatted' => array(
			'description' => __( 'The points, formatted for the shopper\'s language.', 'rapport-loyalty' ),
			'type'        => 'string',
			'context'     => array( 'view', 'edit' ),
			'readonly'    => true,
		),
		'logged_in' => array(
			'description' => __( 'Whether the shopper is logged in (guests are invited to create an account).', 'rapport-loyalty' ),
			'type'        => 'boolean',
			'context'     => array( 'view', 'edit' ),
			'readonly'    => true,
		),
	);
}

add_action(
	'woocommerce_blocks_loaded',
	static function () {
		if ( function_exists( 'woocommerce_store_api_register_endpoint_data' ) && class_exists( '\Automattic\WooCommerce\StoreApi\Schemas\V1\CartSchema' ) ) {
			woocommerce_store_api_register_endpoint_data(
				array(
					'endpoint'        => \Automattic\WooCommerce\StoreApi\Schemas\V1\CartSchema::IDENTIFIER,
					'namespace'       => 'rapport-loyalty',
					'data_callback'   => 'rapport_loyalty_store_api_cart_data',
					'schema_callback' => 'rapport_loyalty_store_api_cart_schema',
					'schema_type'     => ARRAY_A,
				)
			);
		}
		if ( ! interface_exists( '\Automattic\WooCommerce\Blocks\Integrations\IntegrationInterface' ) ) {
			return;
		}
		require_once RAPPORT_LOYALTY_DIR . 'includes/class-rapport-loyalty-blocks-integration.php';
		$register = static function ( $registry ) {
			if ( ! $registry->is_registered( 'rapport-loyalty' ) ) {
				$registry->register( new Rapport_Loyalty_Blocks_Integration() );
			}
		};
		add_action( 'woocommerce_blocks_cart_block_registration', $register );
		add_action( 'woocommerce_blocks_checkout_block_registration', $register );
	}
);
