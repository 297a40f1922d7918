namespace Bunq.Generators.Tests;

/// <summary>Endpoint sources shared by the tests.</summary>
internal static class Sources
{
    public const string Bank = """
        using System.Threading;
        using System.Threading.Tasks;
        using Bunq;
        using Refit;

        namespace Sample;

        public sealed record MonetaryAccountBank(long Id, string Description);
        public sealed record Payment(long Id);
        public sealed record NewPayment(BunqAmount Amount, BunqPointer CounterpartyAlias, string Description);

        [BunqEndpoint, Signed]
        public interface IMonetaryAccounts
        {
            [Get("/user/{userId}/monetary-account-bank")]
            Task<BunqList<MonetaryAccountBank>> ListAsync(long userId, CancellationToken ct = default);
        }

        [BunqEndpoint]
        public interface IPayments
        {
            [Signed, Post("/user/{userId}/monetary-account/{accountId}/payment")]
            Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewPayment payment, CancellationToken ct = default);

            [Signed, Get("/user/{userId}/monetary-account/{accountId}/payment/{paymentId}")]
            Task<Payment> GetAsync(long userId, long accountId, long paymentId, CancellationToken ct = default);
        }

        [BunqClient]
        public partial class Bank;
        """;

    public const string Unrelated = """
        namespace Sample;

        public class Unrelated
        {
            public int Value => 1;
        }
        """;
}
