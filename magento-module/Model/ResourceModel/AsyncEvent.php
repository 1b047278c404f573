<?php
/**
 * Resource model of subscriptions on Magento's async_event_subscriber table.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\ResourceModel;

use MageOS\AsyncEvents\Api\AsyncEventRepositoryInterface;
use MageOS\AsyncEvents\Api\Data\AsyncEventInterface;
use Magento\Framework\Encryption\EncryptorInterface;
use Magento\Framework\Model\ResourceModel\Db\AbstractDb;
use Magento\Framework\Model\ResourceModel\Db\Context;

/**
 * The table mageos-async-events' resource model read and wrote, for code written against it
 * (collections, the admin UI package's save command). Reads see Magento's table: with the store in
 * Magento's database (the default: the extension's MySQL store uses these tables) that is the
 * subscriptions the extension delivers to; with the embedded SQLite store it is empty.
 *
 * save() of the module's subscription data object (what AsyncEventInterfaceFactory creates, and
 * what the admin UI package saves) goes through AsyncEventRepository, and so through the extension,
 * with either store: the declared event, the SSRF guard and the known sinks are checked, the
 * reference's did not check them. A token the caller sealed with Magento's encryptor (the admin UI
 * seals new ones) is opened first. The event's ACL resources are not checked: the caller's own
 * authorisation (the admin UI's create permission) stands, as with the reference.
 */
class AsyncEvent extends AbstractDb
{
    /**
     * @var AsyncEventRepositoryInterface
     */
    private AsyncEventRepositoryInterface $repository;

    /**
     * @var EncryptorInterface
     */
    private EncryptorInterface $encryptor;

    /**
     * @param Context $context
     * @param AsyncEventRepositoryInterface $repository
     * @param EncryptorInterface $encryptor
     * @param string|null $connectionName
     */
    public function __construct(
        Context $context,
        AsyncEventRepositoryInterface $repository,
        EncryptorInterface $encryptor,
        $connectionName = null
    ) {
        parent::__construct($context, $connectionName);
        $this->repository = $repository;
        $this->encryptor = $encryptor;
    }

    /**
     * @inheritdoc
     */
    protected function _construct()
    {
        $this->_init('async_event_subscriber', 'subscription_id');
    }

    /**
     * Saves a subscription data object through the repository (see the class comment); other
     * models as Magento's resource models do.
     *
     * @param \Magento\Framework\Model\AbstractModel|AsyncEventInterface $object
     * @return $this
     * @throws \Magento\Framework\Exception\LocalizedException when the extension refuses the subscription
     */
    public function save($object)
    {
        if (!$object instanceof AsyncEventInterface || $object instanceof \Magento\Framework\Model\AbstractModel) {
            return parent::save($object);
        }
        $token = (string)$object->getVerificationToken();
        // Sealed by Magento's encryptor: `<key version>:<cipher version>:<base64>`
        if (preg_match('/^\d+:\d+:\S+$/', $token) === 1) {
            $opened = (string)$this->encryptor->decrypt($token);
            if ($opened !== '') {
                $object->setVerificationToken($opened);
            }
        }
        $saved = $this->repository->save($object, false);
        $object->setSubscriptionId((int)$saved->getSubscriptionId());
        return $this;
    }
}
