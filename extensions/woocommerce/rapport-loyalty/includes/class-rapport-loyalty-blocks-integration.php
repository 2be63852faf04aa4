<?php
/**
 * The Cart and Checkout blocks integration: registers the script that fills the blocks'
 * ExperimentalOrderMeta slot with the "earn N points" line. Loaded only when WooCommerce's
 * IntegrationInterface exists (see includes/blocks.php).
 *
 * @package RapportLoyalty
 */

defined( 'ABSPATH' ) || exit;

use Automattic\WooCommerce\Blocks\Integrations\IntegrationInterface;

/**
 * One instance per block (cart, checkout); registering the script twice is harmless.
 */
class Rapport_Loyalty_Blocks_Integration implements IntegrationInterface {

	const HANDLE = 'rapport-loyalty-blocks';

	/**
	 * The integration's name.
	 *
	 * @return string
	 */
	public function get_name() {
		return 'rapport-loyalty';
	}

	/**
	 * Registers the script and its translations (languages/rapport-loyalty-<locale>-rapport-loyalty-blocks.json).
	 */
	public function initialize() {
		wp_register_script(
			self::HANDLE,
			RAPPORT_LOYALTY_URL . 'assets/rapport-loyalty-blocks.js',
			array( 'wc-blocks-checkout', 'wc-settings', 'wp-plugins', 'wp-element', 'wp-i18n' ),
			RAPPORT_LOYALTY_VERSION,
			true
		);
		wp_set_script_translations( self::HANDLE, 'rapport-loyalty', RAPPORT_LOYALTY_DIR . 'languages' );
	}

	/**
	 * Scripts for the shop's pages.
	 *
	 * @return string[]
	 */
	public function get_script_handles() {
		return array( self::HANDLE );
	}

	/**
	 * Nothing in the editor: the line needs a real cart.
	 *
	 * @return string[]
	 */
	public function get_editor_script_handles() {
		return array();
	}

	/**
	 * Data for the script (wc.wcSettings.getSetting('rapport-loyalty_data')).
	 *
	 * @return array
	 */
	public function get_script_data() {
		return array(
			'joinUrl' => function_exists( 'wc_get_page_permalink' ) ? wc_get_page_permalink( 'myaccount' ) : '',
		);
	}
}
