using Microsoft.Extensions.Options;

namespace Bunq;

/// <summary>
/// Checks bunq options when they are first used (at start-up, through <c>ValidateOnStart</c>): an http:// address,
/// malformed pins, a response cap out of range, a header-bound option with a control or non-ASCII character.
/// </summary>
internal sealed class BunqOptionsValidator(string name) : IValidateOptions<BunqOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, BunqOptions options)
    {
        if (optionsName != name)
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            BunqSettings settings = BunqSettings.Resolve(options);
            if (options.ContextStore is BunqRedisConfiguration)
            {
                return ValidateOptionsResult.Fail($"bunq client '{name}': {BunqRedisConfiguration.Missing}");
            }

            return !settings.CanCreateContext && options.ContextStore is null
                ? ValidateOptionsResult.Fail($"bunq client '{name}': set ApiKey (Bunq:ApiKey) or Psd2Certificate to create a context, or a ContextStore (Bunq:ContextFile) holding one.")
                : ValidateOptionsResult.Success;
        }
        catch (BunqConfigurationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
