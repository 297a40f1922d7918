using Microsoft.Extensions.Options;

namespace Bunq;

/// <summary>
/// Checks bunq options when they are first used (at start-up, through <c>ValidateOnStart</c>): an http:// address,
/// malformed pins, a response cap out of range, a header-bound option with a control or non-ASCII character.
/// </summary>
internal sealed class BunqOptionsValidator(string name) : IValidateOptions<BunqOptions>
{
    private const string SharedStoreKey = "Redis";

    public ValidateOptionsResult Validate(string? optionsName, BunqOptions options)
    {
        if (optionsName != name)
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            BunqSettings settings = BunqSettings.Resolve(options);
            // Never a silent fallback to an unshared context and budget for a fleet: a shared-store key that no package
            // turned into a shared store means its package is missing. The key's name is all the core knows of it.
            if (options.Configuration?[SharedStoreKey] is { Length: > 0 } && options.ContextStore is not IBunqSharedContextStore)
            {
                return ValidateOptionsResult.Fail(
                    $"bunq client '{name}': Bunq:{SharedStoreKey} is set, but no shared store was made from it: add the Bunq.Generators.Redis package and call services.AddBunqRedis().");
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
