<?php
/**
 * Test stand-in of Symfony\Component\Console\Helper\QuestionHelper, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Helper;

use Symfony\Component\Console\Exception\MissingInputException;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\StreamableInputInterface;
use Symfony\Component\Console\Output\OutputInterface;
use Symfony\Component\Console\Question\Question;

/**
 * The QuestionHelper class provides helpers to interact with the user (stand-in: one line read
 * from the input's stream, without validation retries, autocompletion or hidden answers).
 */
class QuestionHelper extends Helper
{
    /**
     * Asks a question to the user.
     *
     * @return mixed The user answer
     */
    public function ask(InputInterface $input, OutputInterface $output, Question $question): mixed
    {
        if (!$input->isInteractive()) {
            return $this->normalize($question, $question->getDefault());
        }
        $stream = $input instanceof StreamableInputInterface && $input->getStream() ? $input->getStream() : \STDIN;
        $this->writePrompt($output, $question);
        $answer = fgets($stream, 4096);
        if (false === $answer) {
            throw new MissingInputException('Aborted.');
        }
        $answer = $question->isTrimmable() ? trim($answer) : $answer;
        return $this->normalize($question, '' === $answer ? $question->getDefault() : $answer);
    }

    public function getName(): string
    {
        return 'question';
    }

    /**
     * @return void
     */
    protected function writePrompt(OutputInterface $output, Question $question)
    {
        $output->write($question->getQuestion());
    }

    private function normalize(Question $question, mixed $answer): mixed
    {
        $normalizer = $question->getNormalizer();
        $answer = $normalizer ? $normalizer($answer) : $answer;
        $validator = $question->getValidator();
        return $validator ? $validator($answer) : $answer;
    }
}
