<?php
/**
 * Test stand-in of Magento\Framework\Encryption\EncryptorInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Encryption;

/**
 * Encryptor interface.
 */
interface EncryptorInterface
{
    /**
     * @param string $password
     * @param bool|int|string $salt
     * @return string
     */
    public function getHash($password, $salt = false);

    /**
     * @param string $data
     * @return string
     */
    public function hash($data);

    /**
     * @param string $password
     * @param string $hash
     * @return bool
     */
    public function validateHash($password, $hash);

    /**
     * @param string $password
     * @param string $hash
     * @return bool
     */
    public function isValidHash($password, $hash);

    /**
     * @param string $hash
     * @param bool $validateCount
     * @return bool
     */
    public function validateHashVersion($hash, $validateCount = false);

    /**
     * @param string $data
     * @return string
     */
    public function encrypt($data);

    /**
     * @param string $data
     * @return string
     */
    public function decrypt($data);

    /**
     * @param string $key
     * @return bool
     */
    public function validateKey($key);
}
