select 1 as x -- ghp_aZ3kQ9xLm2Pq7RtY8vBn4WcE5dFg6HjK7wUe
