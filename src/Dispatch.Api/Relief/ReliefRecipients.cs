using Dispatch.Domain;
using Dispatch.Domain.Elderly;
using Marten;

namespace Dispatch.Api.Relief;

/// <summary>Who may receive relief supplies.</summary>
public static class ReliefRecipients
{
    /// <summary>
    /// Whether <paramref name="personId"/> names a person of the care registry; null when it does. An unknown id is a 404,
    /// a person who left the registry a 422: supplies follow the registry, not a stale list.
    /// </summary>
    public static async Task<Rejection?> CheckRegisteredPersonAsync(Guid personId, IQuerySession session, CancellationToken cancellation)
    {
        var person = await session.LoadAsync<VulnerablePersonState>(personId, cancellation);
        if (person is null)
            return new Rejection(RejectionKind.NotFound, "not-found", $"Person {personId} is not in the care registry.");
        return person.Registered
            ? null
            : new Rejection(RejectionKind.RuleViolation, "person-deregistered",
                $"Person {personId} left the care registry at {person.DeregisteredAt}; relief goes to registered people or households.");
    }
}
