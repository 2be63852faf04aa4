<?php
/**
 * Plugin Name:       Rapport Loyalty
 * Plugin URI:        https://github.com/rapport-crm/rapport
 * Description:       Shows Rapport loyalty points to your shoppers: the storefront widget, a "Points & rewards" tab in My Account, and "earn X points" on products and the cart.
 * Version:           0.2.0
 * Requires at least: 6.5
 * Tested up to:      7.0
 * Requires PHP:      7.4
 * Author:            Rapport
 * License:           MIT
 * License URI:       https://opensource.org/license/mit
 * Text Domain:       rapport-loyalty
 * Domain Path:       /languages
 * Requires Plugins:  woocommerce
 * WC requires at least: 8.3
 * WC tested up to:   10.9
 *
 * @package RapportLoyalty
 */

defined( 'ABSPATH' ) || exit;

define( 'RAPPORT_LOYALTY_VERSION', '0.2.0' );
define( 'RAPPORT_LOYALTY_FILE', __FILE__ );
define( 'RAPPORT_LOYALTY_DIR', plugin_dir_path( __FILE__ ) );
define( 'RAPPORT_LOYALTY_URL', plugin_dir_url( __FILE__ ) );
define( 'RAPPORT_LOYALTY_OPTION', 'rapport_loyalty_settings' );
define( 'RAPPORT_LOYALTY_ENDPOINT', 'points-rewards' );

require_once RAPPORT_LOYALTY_DIR . 'includes/token.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/earn-rule.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/settings.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/api.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/frontend.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/account.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/blocks.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/privacy.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/shopper-input.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/birthday.php';
require_once RAPPORT_LOYALTY_DIR . 'includes/consent.php';

// WordPress 6.5+ reads languages/rapport-loyalty-<locale>.l10n.php (no .mo to compile): ur, pa_IN
// (Gurmukhi), pa_PK (Shahmukhi), hi_IN. The blocks script has its own JSON (includes/blocks.php).
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

// HPOS (custom_order_tables): the plugin never reads or writes orders or order meta (orders reach
// Rapport over the REST API and webhooks). Cart and Checkout blocks: includes/blocks.php.
add_action(
	'before_woocommerce_init',
	static function () {
		if ( class_exists( '\Automattic\WooCommerce\Utilities\FeaturesUtil' ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', RAPPORT_LOYALTY_FILE, true );
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'cart_checkout_blocks', RAPPORT_LOYALTY_FILE, true );
		}
	}
);
