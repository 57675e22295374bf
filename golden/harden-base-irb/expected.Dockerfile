FROM ruby:3.3-slim

RUN gem install pry --no-document
CMD ["irb"]
