import { Badge, BlockStack, Card, IndexTable, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { Order } from '../../api.ts';
import { formatDate, formatMoney } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

type Tone = 'success' | 'attention' | 'critical' | 'info' | undefined;
const statusTone: Record<string, Tone> = {
  delivered: 'success',
  fulfilled: 'info',
  cancelled: 'critical',
  returned: 'critical',
  deleted: 'critical',
};

const SHOWN_LINES = 3;

/** "2 × Lawn suit", one a line, wrapped in a narrow column (a wider table would scroll); past three, how many more. */
function Products({ lines }: { lines: Order['lines'] }) {
  const { t } = useTranslation();
  if (lines.length === 0)
    return (
      <Text as="span" tone="subdued">
        —
      </Text>
    );
  const rest = lines.length - SHOWN_LINES;
  return (
    <div className="rapport-order-products">
      {lines.slice(0, SHOWN_LINES).map((l, i) => (
        <Text as="p" key={i}>
          {t('profile.productLine', { quantity: l.quantity })} <bdi>{l.title}</bdi>
        </Text>
      ))}
      {rest > 0 && (
        <Text as="p" tone="subdued">
          {t('profile.moreProducts', { count: rest })}
        </Text>
      )}
    </div>
  );
}

export function OrdersCard({ orders }: { orders: Order[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <Card padding="0">
      <BlockStack gap="0">
        <div className="rapport-card-heading">
          <Text as="h2" variant="headingMd">
            {t('profile.ordersTitle')}
          </Text>
        </div>
        <IndexTable
          resourceName={{ singular: t('profile.orderSingular'), plural: t('profile.orderPlural') }}
          itemCount={orders.length}
          selectable={false}
          headings={[
            { title: t('profile.order') },
            { title: t('profile.placed') },
            { title: t('profile.products') },
            { title: t('profile.status') },
            { title: t('profile.payment') },
            { title: t('profile.total'), alignment: 'end' },
            { title: t('profile.refunded'), alignment: 'end' },
          ]}
          emptyState={
            <Text as="p" tone="subdued">
              {t('profile.noOrders')}
            </Text>
          }
        >
          {orders.map((o, index) => (
            <IndexTable.Row id={o.id} key={o.id} position={index}>
              <IndexTable.Cell>
                <bdi>{o.name ?? o.id}</bdi>
              </IndexTable.Cell>
              <IndexTable.Cell>{formatDate(lang, o.placedAt)}</IndexTable.Cell>
              <IndexTable.Cell>
                <Products lines={o.lines} />
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={statusTone[o.fulfilmentStatus] ?? statusTone[o.status]}>
                  {o.status === 'open' || o.status === 'closed'
                    ? t(`orderStatus.fulfilment.${o.fulfilmentStatus}`, { defaultValue: o.fulfilmentStatus })
                    : t(`orderStatus.status.${o.status}`, { defaultValue: o.status })}
                </Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>{t(`paymentMethod.${o.paymentMethod}`, { defaultValue: o.paymentMethod })}</IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {formatMoney(lang, o.total)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric tone={Number(o.refunded.amount) > 0 ? 'critical' : 'subdued'}>
                  {Number(o.refunded.amount) > 0 ? formatMoney(lang, o.refunded) : '—'}
                </Text>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </BlockStack>
    </Card>
  );
}
