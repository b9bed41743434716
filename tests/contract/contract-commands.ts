/**
 * The command service the contract tests answer slash commands with: the real one over a store
 * holding the seed papers, except for `/papers adversarial-N`, answered with the Nth reply of
 * adversarialReplies(); autocomplete adds 40 suggestions with long labels, half of them with values
 * too long for Discord.
 */
import type {
  Caller,
  CommandReply,
  CommandRequest,
  CommandService,
  Suggestion,
  SuggestionKind,
} from '../../src/commands/command.js';
import { adversarialReplies, MARKUP, UNICODE } from './announcement-corpus.js';

export class ContractCommands implements CommandService {
  constructor(private readonly real: CommandService) {}

  execute(request: CommandRequest, caller: Caller): Promise<CommandReply> {
    const adversarial = request.name === 'papers' && /^adversarial-(\d)$/.exec(request.query);
    if (adversarial) return Promise.resolve(adversarialReplies()[Number(adversarial[1])]!);
    return this.real.execute(request, caller);
  }

  async suggest(kind: SuggestionKind, partial: string): Promise<Suggestion[]> {
    const real = await this.real.suggest(kind, partial);
    const long = Array.from({ length: 40 }, (_, index) => ({
      label: `${MARKUP}${UNICODE}`.repeat(2),
      value: index % 2 === 0 ? `person-${index}` : 'v'.repeat(101),
    }));
    return [...real, ...long];
  }
}

/** The queries that get adversarial replies. */
export const ADVERSARIAL_QUERIES = adversarialReplies().map((_, index) => `adversarial-${index}`);
