<?php
/**
 * Loads the whole plugin under a minimal WordPress + WooCommerce stand-in and fires the hooks a
 * store fires, for test/integration/woocommerce-plugin-hooks.test.ts. The stand-in follows the
 * documented shapes (FeaturesUtil::declare_compatibility, IntegrationRegistry, the Store API's
 * woocommerce_store_api_register_endpoint_data, wp_add_privacy_policy_content); wp_remote_get
 * makes a real HTTP request, so the plugin talks to a real Rapport server.
 *
 * Reads JSON on stdin: {"settings": {...}, "home": "https://shop", "user": {"id", "email"}|null,
 * "currency": "PKR", "cart": [{"product_id", "variation_id", "line_total"}], "shipping", "tax"}.
 * Prints JSON with what the plugin registered and rendered.
 *
 * @package RapportLoyalty
 */

// phpcs:disable -- a test stand-in, not plugin code.

namespace Automattic\WooCommerce\Utilities {
	class FeaturesUtil {
		public static $declared = array();
		public static function declare_compatibility( $feature_id, $plugin_file, $positive_compatibility = true ) {
			self::$declared[] = array( $feature_id, basename( $plugin_file ), $positive_compatibility );
			return true;
		}
	}
}

namespace Automattic\WooCommerce\Blocks\Integrations {
	interface IntegrationInterface {
		public function get_name();
		public function initialize();
		public function get_script_handles();
		public function get_editor_script_handles();
		public function get_script_data();
	}
	/** As WooCommerce's: one registry per block; a name registers once. */
	class IntegrationRegistry {
		public $registered = array();
		public function register( IntegrationInterface $integration ) {
			$name = $integration->get_name();
			if ( $this->is_registered( $name ) ) {
				return false;
			}
			$this->registered[ $name ] = $integration;
			return true;
		}
		public function is_registered( $name ) {
			return isset( $this->registered[ $name ] );
		}
	}
}

namespace Automattic\WooCommerce\StoreApi\Schemas\V1 {
	class CartSchema {
		const IDENTIFIER = 'cart';
	}
}

namespace {
	define( 'ABSPATH', __DIR__ . '/' );
	define( 'MINUTE_IN_SECONDS', 60 );
	define( 'ARRAY_A', 'ARRAY_A' );

	$input = json_decode( (string) file_get_contents( 'php://stdin' ), true );
	$GLOBALS['harness'] = array( 'hooks' => array(), 'options' => array( 'rapport_loyalty_settings' => $input['settings'] ), 'transients' => array(), 'scripts' => array(), 'translations' => array(), 'store_api' => array(), 'privacy' => array(), 'requests' => array() );

	class WP_Error {
		public $code;
		public function __construct( $code = '', $message = '' ) {
			$this->code = $code;
		}
	}
	function is_wp_error( $thing ) {
		return $thing instanceof WP_Error;
	}
	function add_action( $hook, $callback, $priority = 10, $args = 1 ) {
		$GLOBALS['harness']['hooks'][ $hook ][] = $callback;
		return true;
	}
	function add_filter( $hook, $callback, $priority = 10, $args = 1 ) {
		return add_action( $hook, $callback, $priority, $args );
	}
	function do_action( $hook, ...$args ) {
		foreach ( isset( $GLOBALS['harness']['hooks'][ $hook ] ) ? $GLOBALS['harness']['hooks'][ $hook ] : array() as $callback ) {
			call_user_func_array( $callback, $args );
		}
	}
	function plugin_dir_path( $file ) {
		return dirname( $file ) . '/';
	}
	function plugin_dir_url( $file ) {
		return 'https://shop.test/wp-content/plugins/rapport-loyalty/';
	}
	function plugin_basename( $file ) {
		return 'rapport-loyalty/' . basename( $file );
	}
	function register_activation_hook( $file, $callback ) {}
	function register_deactivation_hook( $file, $callback ) {}
	function load_plugin_textdomain( $domain, $deprecated = false, $path = false ) {
		return true;
	}
	function __( $text, $domain = 'default' ) {
		return $text;
	}
	function esc_html__( $text, $domain = 'default' ) {
		return htmlspecialchars( $text, ENT_QUOTES );
	}
	function _n( $single, $plural, $number, $domain = 'default' ) {
		return 1 === (int) $number ? $single : $plural;
	}
	function esc_html( $text ) {
		return htmlspecialchars( (string) $text, ENT_QUOTES );
	}
	function esc_url( $url ) {
		return htmlspecialchars( (string) $url, ENT_QUOTES );
	}
	function wp_kses_post( $html ) {
		return $html;
	}
	function number_format_i18n( $number, $decimals = 0 ) {
		return number_format( $number, $decimals );
	}
	function get_option( $name, $default = false ) {
		return isset( $GLOBALS['harness']['options'][ $name ] ) ? $GLOBALS['harness']['options'][ $name ] : $default;
	}
	function wp_parse_args( $args, $defaults = array() ) {
		return array_merge( $defaults, $args );
	}
	function register_setting( ...$args ) {}
	function get_transient( $key ) {
		return isset( $GLOBALS['harness']['transients'][ $key ] ) ? $GLOBALS['harness']['transients'][ $key ][0] : false;
	}
	function set_transient( $key, $value, $ttl = 0 ) {
		$GLOBALS['harness']['transients'][ $key ] = array( $value, $ttl );
		return true;
	}
	function home_url() {
		return $GLOBALS['harness_input']['home'];
	}
	function wp_get_current_user() {
		$u = $GLOBALS['harness_input']['user'];
		return (object) array( 'ID' => $u ? (int) $u['id'] : 0, 'user_email' => $u ? $u['email'] : '' );
	}
	function get_current_user_id() {
		return wp_get_current_user()->ID;
	}
	function is_user_logged_in() {
		return get_current_user_id() > 0;
	}
	/** A real request, as WordPress's HTTP API would make it. */
	function wp_remote_get( $url, $args = array() ) {
		$headers = array();
		foreach ( isset( $args['headers'] ) ? $args['headers'] : array() as $k => $v ) {
			$headers[] = $k . ': ' . $v;
		}
		$GLOBALS['harness']['requests'][] = array( 'url' => $url, 'authorized' => isset( $args['headers']['Authorization'] ) );
		$context = stream_context_create( array( 'http' => array( 'method' => 'GET', 'header' => implode( "\r\n", $headers ), 'ignore_errors' => true, 'timeout' => isset( $args['timeout'] ) ? $args['timeout'] : 5 ) ) );
		$body    = @file_get_contents( $url, false, $context );
		if ( false === $body ) {
			return new WP_Error( 'http_request_failed' );
		}
		preg_match( '#^HTTP/\S+\s+(\d+)#', $http_response_header[0], $m );
		return array( 'code' => (int) $m[1], 'body' => $body );
	}
	function wp_remote_retrieve_response_code( $response ) {
		return $response['code'];
	}
	function wp_remote_retrieve_body( $response ) {
		return $response['body'];
	}
	function wp_register_script( $handle, $src, $deps = array(), $ver = false, $args = array() ) {
		$GLOBALS['harness']['scripts'][ $handle ] = array( 'src' => $src, 'deps' => $deps, 'ver' => $ver );
		return true;
	}
	function wp_set_script_translations( $handle, $domain = 'default', $path = '' ) {
		$GLOBALS['harness']['translations'][] = array( $handle, $domain, is_dir( $path ) );
		return true;
	}
	function wp_add_privacy_policy_content( $plugin_name, $policy_text ) {
		$GLOBALS['harness']['privacy'] = array( 'title' => $plugin_name, 'html' => $policy_text );
	}
	function woocommerce_store_api_register_endpoint_data( $args ) {
		$GLOBALS['harness']['store_api'][] = $args;
		return true;
	}
	function get_woocommerce_currency() {
		return $GLOBALS['harness_input']['currency'];
	}
	function wc_get_page_permalink( $page ) {
		return 'https://shop.test/my-account/';
	}
	class Harness_Cart {
		public function get_cart() {
			return $GLOBALS['harness_input']['cart'];
		}
		public function get_shipping_total() {
			return $GLOBALS['harness_input']['shipping'];
		}
		public function get_total_tax() {
			return $GLOBALS['harness_input']['tax'];
		}
	}
	function WC() {
		return (object) array( 'cart' => new Harness_Cart() );
	}

	$GLOBALS['harness_input'] = $input;
	require __DIR__ . '/../rapport-loyalty.php';

	do_action( 'before_woocommerce_init' );
	do_action( 'woocommerce_blocks_loaded' );
	$registries = array();
	foreach ( array( 'cart', 'checkout' ) as $block ) {
		$registry = new \Automattic\WooCommerce\Blocks\Integrations\IntegrationRegistry();
		do_action( 'woocommerce_blocks_' . $block . '_block_registration', $registry );
		foreach ( $registry->registered as $integration ) {
			$integration->initialize();
		}
		$registries[ $block ] = array_map(
			static function ( $i ) {
				return array( 'scripts' => $i->get_script_handles(), 'editor' => $i->get_editor_script_handles(), 'data' => $i->get_script_data() );
			},
			$registry->registered
		);
	}
	$store_api = array();
	foreach ( $GLOBALS['harness']['store_api'] as $args ) {
		$store_api[] = array(
			'endpoint'    => $args['endpoint'],
			'namespace'   => $args['namespace'],
			'schema_type' => $args['schema_type'],
			'schema'      => call_user_func( $args['schema_callback'] ),
			'data'        => call_user_func( $args['data_callback'] ),
		);
	}
	ob_start();
	do_action( 'woocommerce_before_cart_totals' );
	$classic = ob_get_clean();
	do_action( 'admin_init' );

	echo json_encode(
		array(
			'compat'       => \Automattic\WooCommerce\Utilities\FeaturesUtil::$declared,
			'registries'   => $registries,
			'scripts'      => $GLOBALS['harness']['scripts'],
			'translations' => $GLOBALS['harness']['translations'],
			'storeApi'     => $store_api,
			'classicCart'  => $classic,
			'privacy'      => $GLOBALS['harness']['privacy'],
			'requests'     => $GLOBALS['harness']['requests'],
			'transients'   => array_keys( $GLOBALS['harness']['transients'] ),
		)
	);
}
