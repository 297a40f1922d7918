namespace Bunq.Emulator.Fixture.Tests;

/// <summary>Tests share the class's emulator; faults are queued per test and cleared after it.</summary>
public sealed class AccountTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    [Fact]
    public async Task A_new_sandbox_user_has_one_empty_eur_account()
    {
        await using Bank bank = await Bank.ConnectAsync(emulator.OptionsForNewUser());

        MonetaryAccountBank account = Assert.Single((await bank.MonetaryAccounts.ListAsync(bank.UserId)).Items);

        Assert.Equal(0m, account.Balance.ToDecimal());
        Assert.Equal("EUR", account.Balance.Currency);
    }

    [Fact]
    public async Task A_tampered_answer_is_refused_before_the_code_sees_it()
    {
        await using Bank bank = await Bank.ConnectAsync(emulator.OptionsForNewUser());
        emulator.Bunq.Faults.Inject(new BunqFault(BunqFaultKind.TamperBody, PathContains: "/monetary-account-bank"));

        await Assert.ThrowsAsync<BunqSignatureException>(() => bank.MonetaryAccounts.ListAsync(bank.UserId));
    }

    [Fact]
    public async Task A_server_error_surfaces_as_a_typed_exception_with_the_status()
    {
        await using Bank bank = await Bank.ConnectAsync(emulator.OptionsForNewUser());
        emulator.Bunq.Faults.Inject(new BunqFault(BunqFaultKind.ServerError, PathContains: "/monetary-account-bank"), count: 5);

        BunqApiException error = await Assert.ThrowsAsync<BunqApiException>(() => bank.MonetaryAccounts.ListAsync(bank.UserId));

        Assert.Equal(500, error.StatusCode);
    }

    /// <summary>Faults a test queued but did not use must not reach the next test of the class.</summary>
    public void Dispose() => emulator.Bunq.Faults.Clear();
}
