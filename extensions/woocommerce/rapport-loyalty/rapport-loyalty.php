<?php
/**
 * Plugin Name:       Rapport Loyalty
 * Plugin URI:        https://github.com/rapport-crm/rapport
 * Description:       Shows Rapport loyalty points to your shoppers: the storefront widget, a "Points & rewards" tab in My Account, and "earn X points" on products and the cart.
 * Version:           0.1.0
 * Requires at least: 6.2
 * Requires PHP:      7.4
 * Author:            Rapport
 * License:           MIT
 * Text Domain:       rapport-loyalty
 * Domain Path:       /languages
 * Requires Plugins:  woocommerce
 * WC requires at least: 8.0
 *
 * @package RapportLoyalty
 */

defined( 'ABSPATH' ) || exit;

define( 'RAPPORT_LOYALTY_VERSION', '0.1.0' );
define( 'RAPPORT_LOYALTY_FILE', __FILE__ );
define( 'RAPPORT_LOYALTY_DIR', plugin_dir_path( __FILE__ ) );
define( 'RAPPORT_LOYALTY_URL', plugin_dir_url( __FILE__ ) );
define( 'RAPPORT_LOYALTY_OPTION', 'rapport_loyalty_settings' );
define( 'RAPPORT_LOYALTY_ENDPOINT', 'points-rewards' );

require_once RAPPORT_LOYALTY_DIR . 'includes/token.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/settings.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/api.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/frontend.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/account.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/shopper-input.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/birthday.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/consent.php';

add_action(
	'init',
	static function () {
		load_plugin_textdomain( 'rapport-loyalty', false, dirname( plugin_basename( RAPPORT_LOYALTY_FILE ) ) . '/languages' );
	}
);

register_activation_hook(
	__FILE__,
	static function () {
		rapport_loyalty_add_endpoint();
		flush_rewrite_rules();
	}
);
register_deactivation_hook( __FILE__, 'flush_rewrite_rules' );

// The plugin stores nothing per order: declare it compatible with HPOS (custom order tables).
add_action(
	'before_woocommerce_init',
	static function () {
		if ( class_exists( '\Automattic\WooCommerce\Utilities\FeaturesUtil' ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', RAPPORT_LOYALTY_FILE, true );
		}
	}
);
