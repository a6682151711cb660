using Dispatch.Domain;
using Marten;

namespace Dispatch.Api.Relief;

/// <summary>Who may receive relief supplies.</summary>
public static class ReliefRecipients
{
    /// <summary>
    /// Whether <paramref name="personId"/> names a person of the registry (elderly people, issue 7); null when it does.
    /// Until the registry is merged every non-empty id is accepted. Wire it by loading the registry's person document
    /// here and answering a NotFound rejection (404) for an unknown person.
    /// </summary>
    public static Task<Rejection?> CheckRegisteredPersonAsync(Guid personId, IQuerySession session, CancellationToken cancellation) =>
        Task.FromResult<Rejection?>(null);
}
