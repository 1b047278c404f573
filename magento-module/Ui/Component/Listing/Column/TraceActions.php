<?php
/**
 * "Trace" link of each row of the logs grid.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Ui\Component\Listing\Column;

use Magento\Framework\UrlInterface;
use Magento\Framework\View\Element\UiComponent\ContextInterface;
use Magento\Framework\View\Element\UiComponentFactory;
use Magento\Ui\Component\Listing\Columns\Column;

/**
 * Links each attempt to the trace page of its event.
 */
class TraceActions extends Column
{
    /**
     * @var UrlInterface
     */
    private UrlInterface $urlBuilder;

    /**
     * @param ContextInterface $context
     * @param UiComponentFactory $uiComponentFactory
     * @param UrlInterface $urlBuilder
     * @param array $components
     * @param array $data
     */
    public function __construct(
        ContextInterface $context,
        UiComponentFactory $uiComponentFactory,
        UrlInterface $urlBuilder,
        array $components = [],
        array $data = []
    ) {
        parent::__construct($context, $uiComponentFactory, $components, $data);
        $this->urlBuilder = $urlBuilder;
    }

    /**
     * @inheritdoc
     */
    public function prepareDataSource(array $dataSource)
    {
        foreach ($dataSource['data']['items'] ?? [] as $i => $item) {
            if (!empty($item['uuid'])) {
                $dataSource['data']['items'][$i][$this->getData('name')] = [
                    'trace' => [
                        'href' => $this->urlBuilder->getUrl('async_events/logs/trace', ['uuid' => $item['uuid']]),
                        'label' => __('Trace'),
                    ],
                ];
            }
        }
        return $dataSource;
    }
}
