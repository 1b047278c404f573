<?php
/**
 * Stand-in for cloudevents/sdk-php's CloudEventImmutable (not in the offline Magento): the same
 * constructor and getters, without the attribute validation of the real class.
 */
declare(strict_types=1);

namespace CloudEvents\V1;

use DateTimeImmutable;

class CloudEventImmutable implements CloudEventInterface
{
    private string $id;
    private string $source;
    private string $type;
    /** @var mixed */
    private $data;
    private ?string $dataContentType;
    private ?string $dataSchema;
    private ?string $subject;
    private ?DateTimeImmutable $time;
    /** @var array<string,bool|int|string|null> */
    private array $extensions;

    /**
     * @param mixed $data
     * @param array<string,bool|int|string|null> $extensions
     */
    public function __construct(
        string $id,
        string $source,
        string $type,
        $data = null,
        ?string $dataContentType = null,
        ?string $dataSchema = null,
        ?string $subject = null,
        ?DateTimeImmutable $time = null,
        array $extensions = []
    ) {
        $this->id = $id;
        $this->source = $source;
        $this->type = $type;
        $this->data = $data;
        $this->dataContentType = $dataContentType;
        $this->dataSchema = $dataSchema;
        $this->subject = $subject;
        $this->time = $time;
        $this->extensions = $extensions;
    }

    public static function createFromInterface(CloudEventInterface $event): self
    {
        return new self(
            $event->getId(),
            $event->getSource(),
            $event->getType(),
            $event->getData(),
            $event->getDataContentType(),
            $event->getDataSchema(),
            $event->getSubject(),
            $event->getTime(),
            $event->getExtensions()
        );
    }

    public function getSpecVersion(): string
    {
        return self::SPEC_VERSION;
    }

    public function getId(): string
    {
        return $this->id;
    }

    public function getSource(): string
    {
        return $this->source;
    }

    public function getType(): string
    {
        return $this->type;
    }

    /**
     * @return mixed
     */
    public function getData()
    {
        return $this->data;
    }

    public function getDataContentType(): ?string
    {
        return $this->dataContentType;
    }

    public function getDataSchema(): ?string
    {
        return $this->dataSchema;
    }

    public function getSubject(): ?string
    {
        return $this->subject;
    }

    public function getTime(): ?DateTimeImmutable
    {
        return $this->time;
    }

    /**
     * @return array<string,bool|int|string|null>
     */
    public function getExtensions(): array
    {
        return $this->extensions;
    }

    /**
     * @return bool|int|string|null
     */
    public function getExtension(string $attribute)
    {
        return $this->extensions[$attribute] ?? null;
    }
}
