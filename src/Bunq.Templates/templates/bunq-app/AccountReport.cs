namespace BunqApp;

/// <summary>What the app does with bunq, apart from the hosting around it: one line per account.</summary>
public sealed class AccountReport(Bank bank)
{
    public async Task<IReadOnlyList<string>> DescribeAccountsAsync(CancellationToken cancellationToken = default)
    {
        long userId = await bank.Connection.GetUserIdAsync(cancellationToken);
        var accounts = await bank.MonetaryAccounts.ListAsync(userId, cancellationToken);
        return accounts.Items.Select(a => $"{a.Description}: {a.Balance.Value} {a.Balance.Currency}").ToList();
    }
}
