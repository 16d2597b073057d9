"""工匠学院's online courses: the staff upload a course's video and publish it; workers watch it
on the portal and are credited the time the server saw them watching (heartbeats, `learning`);
their learning record; the figures `training.online.*` (`metrics`)."""
