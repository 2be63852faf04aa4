<?php
/**
 * Settings page: WooCommerce > Rapport Loyalty (capability manage_woocommerce). The Settings
 * API prints and checks the nonce; every field is sanitised on save and escaped on output.
 *
 * @package RapportLoyalty
 */

defined( 'ABSPATH' ) || exit;

/**
 * The saved settings with defaults.
 *
 * @return array{connection_id: string, rapport_url: string, storefront_secret: string, widget_url: string}
 */
function rapport_loyalty_settings() {
	$saved = get_option( RAPPORT_LOYALTY_OPTION, array() );
	return wp_parse_args(
		is_array( $saved ) ? $saved : array(),
		array(
			'connection_id'     => '',
			'rapport_url'       => '',
			'storefront_secret' => '',
			'widget_url'        => '',
		)
	);
}

/**
 * Whether the plugin has what it needs to talk to Rapport.
 *
 * @return bool
 */
function rapport_loyalty_configured() {
	$s = rapport_loyalty_settings();
	return '' !== $s['connection_id'] && '' !== $s['rapport_url'] && '' !== $s['storefront_secret'];
}

/**
 * Sanitises the settings form.
 *
 * @param mixed $input Raw form values.
 * @return array
 */
function rapport_loyalty_sanitize_settings( $input ) {
	$old   = rapport_loyalty_settings();
	$input = is_array( $input ) ? $input : array();
	$id    = isset( $input['connection_id'] ) ? sanitize_text_field( wp_unslash( $input['connection_id'] ) ) : '';
	if ( '' !== $id && ! preg_match( '/^[A-Za-z0-9_-]{1,100}$/', $id ) ) {
		add_settings_error( RAPPORT_LOYALTY_OPTION, 'connection_id', __( 'The connection id has only letters, digits, "_" and "-".', 'rapport-loyalty' ) );
		$id = $old['connection_id'];
	}
	$url    = isset( $input['rapport_url'] ) ? esc_url_raw( trim( wp_unslash( $input['rapport_url'] ) ), array( 'https', 'http' ) ) : '';
	$widget = isset( $input['widget_url'] ) ? esc_url_raw( trim( wp_unslash( $input['widget_url'] ) ), array( 'https' ) ) : '';
	// A blank secret field keeps the stored one: the secret is never printed back into the form.
	$secret = isset( $input['storefront_secret'] ) ? trim( sanitize_text_field( wp_unslash( $input['storefront_secret'] ) ) ) : '';
	return array(
		'connection_id'     => $id,
		'rapport_url'       => untrailingslashit( $url ),
		'storefront_secret' => '' === $secret ? $old['storefront_secret'] : $secret,
		'widget_url'        => $widget,
	);
}

add_action(
	'admin_init',
	static function () {
		register_setting(
			'rapport_loyalty',
			RAPPORT_LOYALTY_OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => 'rapport_loyalty_sanitize_settings',
				'show_in_rest'      => false,
			)
		);
	}
);

add_action(
	'admin_menu',
	static function () {
		add_submenu_page( 'woocommerce', __( 'Rapport Loyalty', 'rapport-loyalty' ), __( 'Rapport Loyalty', 'rapport-loyalty' ), 'manage_woocommerce', 'rapport-loyalty', 'rapport_loyalty_render_settings' );
	},
	60
);

/**
 * Prints the settings page.
 */
function rapport_loyalty_render_settings() {
	if ( ! current_user_can( 'manage_woocommerce' ) ) {
		wp_die( esc_html__( 'You are not allowed to manage these settings.', 'rapport-loyalty' ) );
	}
	$s      = rapport_loyalty_settings();
	$fields = array(
		'connection_id' => array( __( 'Connection id', 'rapport-loyalty' ), 'text', $s['connection_id'], __( 'Shown by Rapport when you connected this store, e.g. con_…', 'rapport-loyalty' ) ),
		'rapport_url'   => array( __( 'Rapport URL', 'rapport-loyalty' ), 'url', $s['rapport_url'], __( 'The address of your Rapport, e.g. https://rapport.example.com', 'rapport-loyalty' ) ),
		'widget_url'    => array( __( 'Widget script URL', 'rapport-loyalty' ), 'url', $s['widget_url'], __( 'Optional: the Rapport storefront widget script (HTTPS).', 'rapport-loyalty' ) ),
	);
	?>
	<div class="wrap">
		<h1><?php echo esc_html__( 'Rapport Loyalty', 'rapport-loyalty' ); ?></h1>
		<?php settings_errors( RAPPORT_LOYALTY_OPTION ); ?>
		<form method="post" action="options.php">
			<?php settings_fields( 'rapport_loyalty' ); ?>
			<table class="form-table" role="presentation">
				<?php foreach ( $fields as $key => $field ) : ?>
					<tr>
						<th scope="row"><label for="rapport-<?php echo esc_attr( $key ); ?>"><?php echo esc_html( $field[0] ); ?></label></th>
						<td>
							<input class="regular-text" id="rapport-<?php echo esc_attr( $key ); ?>" type="<?php echo esc_attr( $field[1] ); ?>" name="<?php echo esc_attr( RAPPORT_LOYALTY_OPTION . '[' . $key . ']' ); ?>" value="<?php echo esc_attr( $field[2] ); ?>" />
							<p class="description"><?php echo esc_html( $field[3] ); ?></p>
						</td>
					</tr>
				<?php endforeach; ?>
				<tr>
					<th scope="row"><label for="rapport-storefront_secret"><?php echo esc_html__( 'Storefront secret', 'rapport-loyalty' ); ?></label></th>
					<td>
						<input class="regular-text" id="rapport-storefront_secret" type="password" autocomplete="off" name="<?php echo esc_attr( RAPPORT_LOYALTY_OPTION . '[storefront_secret]' ); ?>" value="" placeholder="<?php echo esc_attr( '' === $s['storefront_secret'] ? '' : __( 'Saved — leave blank to keep it', 'rapport-loyalty' ) ); ?>" />
						<p class="description"><?php echo esc_html__( 'Shown once by Rapport when you connected this store. It signs your shoppers\' identity; keep it private.', 'rapport-loyalty' ); ?></p>
					</td>
				</tr>
			</table>
			<?php submit_button(); ?>
		</form>
	</div>
	<?php
}
